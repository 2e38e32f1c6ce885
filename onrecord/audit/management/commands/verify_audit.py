from typing import Any

from django.core.management.base import BaseCommand, CommandError

from onrecord.audit.services import verify


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chain and name the first broken entry, if any."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify()
        if not report.ok:
            raise CommandError(report.describe(), returncode=1)
        self.stdout.write(report.describe())
