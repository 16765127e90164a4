from jembatan.platform.serve import serve

from .bootstrap import build_app
from .config import IngestSettings

settings = IngestSettings()
serve(build_app(settings), settings)
