#!/usr/bin/env bash
# Run the fleet backup playbook. Without COMMVAULT_URL in the environment, it starts
# the bundled Commvault simulator, runs against it and stops it again. With
# COMMVAULT_URL set, it sends requests to that CommServe and uses the inventory named in
# DEMO_INVENTORY (default: the demo inventory).
set -euo pipefail
cd "$(dirname "$0")/.."

inventory=${DEMO_INVENTORY:-playbooks/inventory/demo.yml}
mkdir -p build/demo

if [ -z "${COMMVAULT_URL:-}" ]; then
    state_dir=build/demo
    commvault-simulator start \
        --fixture tests/simulator/fixtures/demo.yml \
        --time-scale 10 \
        --log-file "$state_dir/simulator.log" \
        --pid-file "$state_dir/simulator.pid" \
        --url-file "$state_dir/simulator.url" >/dev/null
    trap 'commvault-simulator stop --pid-file "$state_dir/simulator.pid"' EXIT

    COMMVAULT_URL=$(cat "$state_dir/simulator.url")
    # The simulator's demo CommCell user; a real CommServe takes your own.
    export COMMVAULT_URL COMMVAULT_USERNAME=admin COMMVAULT_PASSWORD='Demo-Passw0rd!'
    echo "Commvault simulator started at $COMMVAULT_URL"
fi

# The simulator's jobs end within seconds, so the demo polls every 2 seconds; the
# role's default of 15 seconds spares a real CommServe.
ansible-playbook -i "$inventory" playbooks/fleet_backup.yml \
    -e rac_fleet_backup_poll_interval=2 \
    -e rac_fleet_backup_report_dir="$PWD/build/demo/reports" "$@"
