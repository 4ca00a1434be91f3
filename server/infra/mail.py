"""Handing messages to a mail server (SMTP, standard library) or, in development, to the log.

`transport_for(config)` checks the settings and refuses a configuration that cannot deliver
safely: SMTP without a host, or credentials over an unencrypted connection.
"""

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

SECURITY_MODES = ("starttls", "ssl", "none")


class MailConfigurationError(RuntimeError):
    """The mail settings cannot deliver anything."""


def message_id(notification_id, created_at, domain):
    """Stable per outbox row: every retry of a row carries the same Message-ID, so a
    duplicate after a crash can be recognised by mail clients."""
    return f"<pto-notification-{notification_id}.{int(created_at.timestamp())}@{domain}>"


def build_email(row, to, message, config):
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = config["MAIL_FROM"]
    email["To"] = to
    email["Date"] = format_datetime(row.created_at)
    email["Message-ID"] = message_id(row.id, row.created_at, _domain(config))
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.text)
    email.add_alternative(message.html, subtype="html")
    return email


def _domain(config):
    base = config.get("PUBLIC_BASE_URL")
    if base and urlsplit(base).hostname:
        return urlsplit(base).hostname
    sender = config["MAIL_FROM"]
    return sender.rpartition("@")[2].strip("> ") or make_msgid().split("@")[1].strip(">")


class LogTransport:
    """Development: write each message to the log instead of sending it."""

    def __init__(self, config):
        self.config = config

    def send(self, row, to, message):
        email = build_email(row, to, message, self.config)
        log.info("Mail (MAIL_BACKEND=log) to %s: %s\n%s", to, message.subject, message.text)
        return email

    def close(self):
        pass


class SmtpTransport:
    """SMTP with STARTTLS (default), implicit TLS or none; certificates are verified.
    One connection is kept for a pass and reopened after a failure."""

    def __init__(self, config):
        self.config = config
        self._smtp = None

    def send(self, row, to, message):
        email = build_email(row, to, message, self.config)
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            self._smtp.send_message(email)
        except Exception:
            self.close()
            raise
        return email

    def _connect(self):
        c = self.config
        host, port, timeout = c["SMTP_HOST"], c["SMTP_PORT"], c["SMTP_TIMEOUT_SECONDS"]
        security = c["SMTP_SECURITY"]
        context = ssl.create_default_context()  # verifies the certificate and the host name
        if security == "ssl":
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        try:
            if security == "starttls":
                smtp.starttls(context=context)
            if c.get("SMTP_USERNAME"):
                smtp.login(c["SMTP_USERNAME"], c.get("SMTP_PASSWORD") or "")
        except Exception:
            smtp.close()
            raise
        return smtp

    def close(self):
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None


def transport_for(config):
    backend = config["MAIL_BACKEND"]
    if backend == "log":
        return LogTransport(config)
    if backend != "smtp":
        raise MailConfigurationError(f"MAIL_BACKEND must be smtp or log, not {backend!r}")
    if not config.get("SMTP_HOST"):
        raise MailConfigurationError(
            "MAIL_BACKEND=smtp needs SMTP_HOST (and usually SMTP_USERNAME/SMTP_PASSWORD); "
            "set them, or MAIL_BACKEND=log to write messages to the log. Queued messages "
            "stay queued until a sender can deliver them."
        )
    if config["SMTP_SECURITY"] not in SECURITY_MODES:
        raise MailConfigurationError(
            f"SMTP_SECURITY must be one of {', '.join(SECURITY_MODES)}, "
            f"not {config['SMTP_SECURITY']!r}"
        )
    if config["SMTP_SECURITY"] == "none" and config.get("SMTP_USERNAME"):
        raise MailConfigurationError(
            "SMTP_SECURITY=none would send SMTP_USERNAME/SMTP_PASSWORD unencrypted; "
            "use starttls or ssl"
        )
    return SmtpTransport(config)
