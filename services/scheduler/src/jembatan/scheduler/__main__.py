from jembatan.platform.serve import serve

from .bootstrap import build_app
from .config import SchedulerSettings

settings = SchedulerSettings()
serve(build_app(settings), settings)
