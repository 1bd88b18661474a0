"""Sending a resident the list of services they asked for, by e-mail (SMTP)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.council import Council
from core.settings import Settings

TEMPLATES = Path(__file__).with_name("templates")


class MailError(Exception):
    """The e-mail could not be handed to the SMTP server."""


def render_service_list(services: list[dict], council: Council) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=False,
                      keep_trailing_newline=True)
    return env.get_template("service_list_email.txt").render(
        services=services, council=council.council_short_name, phone=council.council_asc_phone,
        hours=council.council_asc_hours)


def send_service_list(to: str, services: list[dict], council: Council, settings: Settings) -> None:
    message = EmailMessage()
    message["Subject"] = f"Your list of local support from {council.council_short_name}"
    message["From"] = settings.smtp_from
    message["To"] = to
    message.set_content(render_service_list(services, council))
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(type(error).__name__) from error
