from jembatan.platform.serve import serve

from .app import create_app
from .config import ConsoleSettings

settings = ConsoleSettings()
serve(create_app(settings), settings)
