#!/usr/bin/env bash
# Run the fleet backup playbook. Without COMMVAULT_URL in the environment it starts
# the bundled Commvault simulator, runs against it and stops it again; with
# COMMVAULT_URL set it talks to that CommServe and uses the inventory given in
# DEMO_INVENTORY (default: the demo inventory).
set -euo pipefail
cd "$(dirname "$0")/.."

inventory=${DEMO_INVENTORY:-playbooks/inventory/demo.yml}

if [ -z "${COMMVAULT_URL:-}" ]; then
    state_dir=build/demo
    mkdir -p "$state_dir"
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

ansible-playbook -i "$inventory" playbooks/rac_backup.yml "$@"
