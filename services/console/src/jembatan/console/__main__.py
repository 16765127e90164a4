from jembatan.platform.serve import serve
from jembatan.platform.startup import settings_or_exit

from .app import create_app
from .config import ConsoleSettings

settings = settings_or_exit(ConsoleSettings)
serve(create_app(settings), settings)
