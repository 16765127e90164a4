from jembatan.platform.serve import serve

from .bootstrap import build_app
from .config import MapperSettings

settings = MapperSettings()
serve(build_app(settings), settings)
