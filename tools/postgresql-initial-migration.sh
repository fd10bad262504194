#!/usr/bin/env bash
# Regenerates the PostgreSQL provider's single initial migration from the current model. While no PostgreSQL
# database has been deployed yet, its migrations folder holds one InitialCreate; after merging model changes
# (new entities or columns from other branches) run this instead of adding a PostgreSQL migration per change.
# Once a PostgreSQL deployment exists, stop using it: add migrations like the other providers do.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
rm -rf SecureAiChat.Core/Data/Migrations/PostgreSql
dotnet ef migrations add InitialCreate --project SecureAiChat.Core --startup-project SecureAiChat.Web \
  --context PostgreSqlAppDbContext --output-dir Data/Migrations/PostgreSql
