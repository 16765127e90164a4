from jembatan.platform.serve import serve
from jembatan.platform.startup import settings_or_exit

from .bootstrap import build_app
from .config import MapperSettings

settings = settings_or_exit(MapperSettings)
serve(build_app(settings), settings)
