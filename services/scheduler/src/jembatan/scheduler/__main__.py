from jembatan.platform.serve import serve
from jembatan.platform.startup import settings_or_exit

from .bootstrap import build_app
from .config import SchedulerSettings

settings = settings_or_exit(SchedulerSettings)
serve(build_app(settings), settings)
