from django.core.management.base import BaseCommand, CommandError, CommandParser

from semanggi.demo.services import DemoError, demo_accounts_ensure, founding_case_load


class Command(BaseCommand):
    help = (
        "Load the founding case (bina-kesehatan-semanggi). With --accounts (demo mode only), "
        "also the demo accounts, whose passwords are printed. Safe to repeat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--accounts", action="store_true", help="create demo accounts")

    def handle(self, *args: object, accounts: bool, **options: object) -> None:
        try:
            created = founding_case_load()
            self.stdout.write(
                "Kasus Semanggi dimuat / founding case loaded."
                if created
                else "Kasus Semanggi sudah ada / founding case already present."
            )
            if accounts:
                self.stdout.write("Akun demo / demo accounts (username · password · kind):")
                for account in demo_accounts_ensure():
                    self.stdout.write(
                        f"  {account.username:<12} {account.password:<14} {account.kind}"
                    )
        except DemoError as error:
            raise CommandError(str(error)) from None
