from jembatan.platform.serve import serve

from .bootstrap import WORKER_APP, build_app
from .config import IngestSettings

settings = IngestSettings()
serve(WORKER_APP if settings.workers > 1 else build_app(settings), settings)
