#!/usr/bin/env bash
# The first Let's Encrypt certificate for SERVER_NAME, by certbot's webroot challenge. Run
# once per deployment, from the repository root, after `docker compose ... build`:
#
#   deploy/init-letsencrypt.sh [deploy/production.env]     (STAGING=1 to test the flow)
#
# nginx needs a certificate before it starts, so it starts on a throwaway self-signed one;
# certbot then proves the domain through nginx's /.well-known/acme-challenge/ (served from
# the certbot-www volume), writes /etc/letsencrypt/live/$SERVER_NAME/, and nginx reloads.
# Renewals happen by themselves afterwards (the certbot service, and nginx's 6-hourly
# reload, in docker-compose.yml).
set -euo pipefail
env_file=${1:-deploy/production.env}
compose() { docker compose --env-file "$env_file" "$@"; }

set -a
# shellcheck disable=SC1090
. "$env_file"
set +a
: "${SERVER_NAME:?set SERVER_NAME in $env_file}"
: "${CERTBOT_EMAIL:?set CERTBOT_EMAIL in $env_file}"
live="/etc/letsencrypt/live/$SERVER_NAME"

echo "Placeholder certificate for $SERVER_NAME, so nginx can start"
compose run --rm --no-deps --entrypoint sh certbot -c \
  "mkdir -p '$live' && openssl req -x509 -nodes -newkey rsa:2048 -days 1 -subj /CN=localhost \
   -keyout '$live/privkey.pem' -out '$live/fullchain.pem'"
compose up -d nginx

echo "Replacing it with a certificate from Let's Encrypt"
compose run --rm --no-deps --entrypoint sh certbot -c \
  "rm -rf '$live' '/etc/letsencrypt/archive/$SERVER_NAME' '/etc/letsencrypt/renewal/$SERVER_NAME.conf'"
compose run --rm --no-deps --entrypoint certbot certbot certonly \
  --webroot -w /var/www/certbot -d "$SERVER_NAME" \
  --email "$CERTBOT_EMAIL" --agree-tos --no-eff-email --non-interactive \
  ${STAGING:+--staging}
compose exec nginx nginx -s reload
echo "Done: https://$SERVER_NAME/"
