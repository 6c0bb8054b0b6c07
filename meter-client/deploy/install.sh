#!/usr/bin/env bash
# Installs the meter client as a service on Raspberry Pi OS (64-bit), as root:
#   sudo meter-client/deploy/install.sh <path to the aarch64 meter-client binary>
# Creates the system user meter-client (in the dialout group, for the serial port), installs
# the binary, the register maps, the README and the systemd unit, turns on NTP (readings are
# signed only with a synchronised clock), and writes a settings file to fill in. Running it
# again upgrades the binary and keeps the settings, the key and the outbox.
set -euo pipefail

binary="${1:-}"
if [[ -z "$binary" || ! -x "$binary" ]]; then
    echo "usage: sudo $0 <meter-client binary built for aarch64 (make cross)>" >&2
    exit 2
fi
if [[ $EUID -ne 0 ]]; then
    echo "error: run as root (sudo $0 $binary): it creates a user and installs a service" >&2
    exit 1
fi
here="$(cd "$(dirname "$0")" && pwd)"
client_dir="$(dirname "$here")"

if ! id meter-client >/dev/null 2>&1; then
    adduser --system --group --home /var/lib/meter-client --no-create-home meter-client
fi
usermod -aG dialout meter-client

install -m 0755 "$binary" /usr/local/bin/meter-client
install -d -m 0755 /usr/local/share/meter-client/maps
install -m 0644 "$client_dir"/maps/*.json /usr/local/share/meter-client/maps/
install -m 0644 "$client_dir/README.md" /usr/local/share/meter-client/README.md
install -m 0644 "$here/meter-client.service" /etc/systemd/system/meter-client.service
install -d -m 0700 -o meter-client -g meter-client /var/lib/meter-client
install -d -m 0750 -o root -g meter-client /etc/meter-client

settings=/etc/meter-client/meter-client.env
if [[ ! -e "$settings" ]]; then
    install -m 0640 -o root -g meter-client /dev/null "$settings"
    cat >"$settings" <<'SETTINGS'
# Settings of the meter client service (systemctl restart meter-client after a change).
# The source and the chain: see /usr/local/share/meter-client/README.md, "On a real meter".
METER_CLIENT_ARGS=--source dsmr:/dev/ttyUSB0 --interval 900 --deployment /etc/meter-client/deployment.json --gateway-key /etc/meter-client/gateway.json
# The meter key's passphrase (the key is in /var/lib/meter-client/keys, made by `init`).
LEDGER_METER_PASSPHRASE=
# The gateway key's passphrase.
LEDGER_PASSPHRASE=
SETTINGS
fi

# A Pi has no real-time clock: NTP must set it before readings are signed.
timedatectl set-ntp true || echo "warning: cannot turn on NTP (timedatectl set-ntp true)" >&2

systemctl daemon-reload
systemctl enable meter-client.service
cat <<DONE
Installed. Next:
  1. sudo -u meter-client meter-client init --data-dir /var/lib/meter-client --meter-id <id>
     and have the meter registered with the public key it prints;
  2. fill in $settings (source, deployment, gateway key, passphrases);
  3. sudo systemctl start meter-client; journalctl -u meter-client -f
DONE
