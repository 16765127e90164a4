from jembatan.platform.serve import serve
from jembatan.platform.startup import settings_or_exit

from .bootstrap import WORKER_APP, build_app
from .config import IngestSettings

settings = settings_or_exit(IngestSettings)
serve(WORKER_APP if settings.workers > 1 else build_app(settings), settings)
