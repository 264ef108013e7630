"""Running Semanggi in production: the server, health, logs, security headers, backups."""
