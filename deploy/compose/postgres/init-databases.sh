#!/usr/bin/env bash
#
# Run once by the postgres image's entrypoint (/docker-entrypoint-initdb.d) on an empty data
# directory: one role and one database per service (identity, study, assignment, search), each
# database owned by its service's role. Owners may create trusted extensions, so search-service's
# Flyway migration can `create extension pg_trgm` without a superuser.
#
# Databases are UTF-8 with the builtin locale provider and C.UTF-8 for LC_COLLATE and LC_CTYPE,
# exactly as deploy/local creates them (Databases.CREATE_OPTIONS): pg_trgm needs a UTF-8 LC_CTYPE
# to make trigrams of Hangul.
#
# CRESCENDO_DB_PASSWORD is the password of every service role (compose is for one machine; the
# Kubernetes manifests give each role its own Secret).

set -euo pipefail

: "${CRESCENDO_DB_PASSWORD:?set CRESCENDO_DB_PASSWORD}"

for db in identity study assignment search; do
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v name="$db" -v password="$CRESCENDO_DB_PASSWORD" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name"
  TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER builtin LOCALE 'C.UTF-8';
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
  echo "created role and database $db"
done
