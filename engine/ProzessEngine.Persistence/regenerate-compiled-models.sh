#!/usr/bin/env bash
# Regenerates EF Core's compiled models (CompiledModels/Sqlite and CompiledModels/PostgreSql) from EngineDbContext's
# OnModelCreating. Run it after every change to the model: an entity, a configuration, an index, a new migration.
# CompiledModelTests (tests/ProzessEngine.Persistence.Tests) fails while the committed models differ from what this
# script writes. The host loads the compiled model instead of building the model at every start (about 0.4 s of CPU;
# docs/operations.md, "Start-up and memory").
#
#   engine/ProzessEngine.Persistence/regenerate-compiled-models.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
project=engine/ProzessEngine.Persistence
dotnet tool restore >/dev/null
dotnet build "$project" -p:SkipDesignerBuild=true -v quiet -nologo
for provider in Sqlite PostgreSql; do
  context=$([[ $provider == Sqlite ]] && echo SqliteEngineDbContext || echo PostgresEngineDbContext)
  # A removed entity must not leave its file behind.
  rm -rf "$project/CompiledModels/$provider"
  dotnet ef dbcontext optimize --no-build -p "$project" -s "$project" -c "$context" \
    -o "CompiledModels/$provider" -n "ProzessEngine.Persistence.CompiledModels.$provider" >/dev/null
  echo "regenerated $project/CompiledModels/$provider"
done
