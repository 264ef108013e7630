from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from semanggi.access.services import api_token_create


class Command(BaseCommand):
    help = "Make a personal API token for a user and print it (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="api")

    def handle(self, *args: object, username: str, name: str, **options: object) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna tidak ada / no such user: {username}")
        self.stdout.write(api_token_create(user=user, name=name))
