from jembatan.platform.serve import serve

from .bootstrap import build_app
from .config import PosterSettings

settings = PosterSettings()
serve(build_app(settings), settings)
