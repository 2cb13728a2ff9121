#!/usr/bin/env bash
# Starts the whole system locally: both hosts on loopback, one SQLite file, demo data,
# mail to a local folder. Everything lives in .sav/ (delete it to start afresh). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"

data="${SAV_DATA:-$PWD/.sav}"
gateway_port="${SAV_GATEWAY_PORT:-5080}"
backoffice_port="${SAV_BACKOFFICE_PORT:-5090}"
mkdir -p "$data/mail/outbox" "$data/mail/inbox" "$data/mail/quarantine" "$data/documents"

export DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development DOTNET_NOLOGO=1
export ConnectionStrings__Sav="Data Source=$data/sav.db"
export Mail__PickupFolder="$data/mail/outbox"
export Mailbox__Folder="$data/mail/inbox"
export Mailbox__QuarantineFolder="$data/mail/quarantine"
export Documents__Folder="$data/documents"
export Gateway__Journal__Folder="$data/journal"
export Mail__PublicFormsUrl="http://127.0.0.1:$gateway_port"

echo "Building…"
dotnet build Sav.sln -v quiet -nologo -clp:ErrorsOnly
# Migrates, then seeds demo data only when the database holds no client and no ticket.
# The built programs are started directly (not through `dotnet run`), so that stopping them stops them.
bin=bin/Debug/net10.0
(cd Sav.Backoffice && "$bin/Sav.Backoffice" seed-demo)

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping…"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

(cd Sav.Gateway && exec "$bin/Sav.Gateway" --urls "http://127.0.0.1:$gateway_port") &
pids+=($!)
(cd Sav.Backoffice && exec "$bin/Sav.Backoffice" --urls "http://127.0.0.1:$backoffice_port") &
pids+=($!)

for url in "http://127.0.0.1:$gateway_port/health" "http://127.0.0.1:$backoffice_port/dev/signin"; do
  for _ in $(seq 1 60); do curl -fs -o /dev/null "$url" && break; sleep 1; done
done
cat <<INFO

  Sav is running (Ctrl-C stops both hosts):
    Gateway     http://127.0.0.1:$gateway_port    public forms: http://127.0.0.1:$gateway_port/f/lumeo/open
    Backoffice  http://127.0.0.1:$backoffice_port    development sign-in: analyste@sav.local or admin@sav.local
    Data        $data  (sav.db, mail/outbox/*.eml, mail/inbox for replies, documents/)
    Form key    API_KEY=dev-api-key

INFO
wait -n "${pids[@]}"
