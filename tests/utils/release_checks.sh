#!/usr/bin/env bash
# Check a release of the collection end to end, offline:
#
#   1. build the collection tarball into build/release;
#   2. install it into an empty, temporary collections path;
#   3. run playbooks/fleet_backup.yml from the installed copy in check mode against the
#      Commvault simulator on 127.0.0.1, and check that it sent no CreateTask;
#   4. run galaxy-importer on the tarball, without ansible-test, containers or network;
#   5. build the changelog with antsibull-changelog in a temporary copy of the
#      repository, so the fragments of the repository are left in place.
#
# Tools come from VENV_BIN (default .venv/bin). galaxy-importer pins attrs<24, which
# conflicts with the development tools, so it comes from its own virtual environment
# IMPORTER_VENV_BIN (default build/venv-release/bin; `make release-venv` creates it).
# The script installs nothing.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
venv_bin=${VENV_BIN:-$repo_root/.venv/bin}
importer_bin=${IMPORTER_VENV_BIN:-$repo_root/build/venv-release/bin}
release_dir=$repo_root/build/release

work_dir=$(mktemp -d "${TMPDIR:-/tmp}/backupops-release.XXXXXX")
simulator_pid_file=$work_dir/simulator.pid

cleanup() {
    if [ -e "$simulator_pid_file" ]; then
        "$venv_bin/commvault-simulator" stop --pid-file "$simulator_pid_file" || true
    fi
    rm -rf "$work_dir"
}
trap cleanup EXIT

step() {
    printf '\n== release_checks.sh: %s\n' "$*"
}

fail() {
    echo "release_checks.sh: $*" >&2
    exit 1
}

if [ ! -x "$importer_bin/python" ] || ! "$importer_bin/python" -c 'import galaxy_importer' 2>/dev/null; then
    fail "galaxy-importer is missing in $importer_bin; run "make release-venv" first"
fi

version=$("$venv_bin/python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' \
    "$repo_root/galaxy.yml")
tarball=$release_dir/backupops-commvault-$version.tar.gz

step "build $tarball"
mkdir -p "$release_dir"
rm -f "$tarball"
(cd "$repo_root" && "$venv_bin/ansible-galaxy" collection build --output-path "$release_dir" .)
[ -s "$tarball" ] || fail "ansible-galaxy did not write $tarball"

step "check that the tarball holds only files that git does not ignore"
# Caches and tool state (.ansible/, __pycache__, *.egg-info) are git-ignored, and
# build_ignore in galaxy.yml must keep them out of the tarball too.
tar -tzf "$tarball" | grep -v '/$' | grep -vx -e MANIFEST.json -e FILES.json \
    | LC_ALL=C sort >"$work_dir/tarball-files.txt"
(cd "$repo_root" && git ls-files --cached --others --exclude-standard) \
    | LC_ALL=C sort >"$work_dir/repository-files.txt"
LC_ALL=C comm -23 "$work_dir/tarball-files.txt" "$work_dir/repository-files.txt" \
    >"$work_dir/unexpected-files.txt"
if [ -s "$work_dir/unexpected-files.txt" ]; then
    head -n 20 "$work_dir/unexpected-files.txt" >&2
    fail "the tarball holds $(wc -l <"$work_dir/unexpected-files.txt") files that git" \
        "ignores (first ones above); add them to build_ignore in galaxy.yml"
fi

step "install the tarball into a clean collections path"
collections_path=$work_dir/collections
installed=$collections_path/ansible_collections/backupops/commvault
# Only the temporary path, so the playbook below cannot load the checkout.
export ANSIBLE_COLLECTIONS_PATH=$collections_path
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export ANSIBLE_LOCAL_TEMP=$work_dir/ansible-tmp
"$venv_bin/ansible-galaxy" collection install --offline -p "$collections_path" "$tarball"
[ -e "$installed/MANIFEST.json" ] || fail "the collection was not installed into $installed"

step "run playbooks/fleet_backup.yml from the installed copy in check mode"
"$venv_bin/commvault-simulator" start \
    --fixture demo \
    --pid-file "$simulator_pid_file" \
    --url-file "$work_dir/simulator.url" \
    --log-file "$work_dir/simulator.log" >/dev/null
# The user of the simulator's demo fixture, not a real account.
COMMVAULT_URL=$(cat "$work_dir/simulator.url") \
    COMMVAULT_USERNAME=admin \
    COMMVAULT_PASSWORD='Demo-Passw0rd!' \
    PATH=$venv_bin:$PATH \
    "$venv_bin/ansible-playbook" --check \
    -i "$installed/playbooks/inventory/demo.yml" \
    "$installed/playbooks/fleet_backup.yml"
"$venv_bin/commvault-simulator" stop --pid-file "$simulator_pid_file"
rm -f "$simulator_pid_file"

# The demo inventory has five databases. Check mode looks each one up and starts none.
lookups=$(grep -ci '/GetId' "$work_dir/simulator.log" || true)
create_tasks=$(grep -ci '/CreateTask' "$work_dir/simulator.log" || true)
[ "$lookups" -ge 5 ] || fail "expected 5 GetId lookups in check mode, the simulator logged $lookups"
[ "$create_tasks" -eq 0 ] || fail "check mode sent $create_tasks CreateTask requests"
echo "check mode: $lookups lookups, no CreateTask"

step "run galaxy-importer on the tarball"
# galaxy-importer runs ansible-test in a container (Docker, Podman or OpenShift), so it
# stays off. ansible-doc and ansible-lint run, ansible-lint in offline mode.
cat >"$work_dir/galaxy-importer.cfg" <<EOF
[galaxy-importer]
log_level_main = INFO
run_ansible_test = False
ansible_test_local_image = False
local_image_docker = False
run_ansible_doc = True
run_ansible_lint = True
offline_ansible_lint = True
run_flake8 = False
check_changelog = True
require_v1_or_greater = False
tmp_root_dir = $work_dir/importer-tmp
ansible_local_tmp = $work_dir/importer-ansible-tmp
EOF
mkdir -p "$work_dir/importer-tmp"
(
    cd "$work_dir"
    GALAXY_IMPORTER_CONFIG=$work_dir/galaxy-importer.cfg PATH=$importer_bin:$PATH \
        "$importer_bin/python" -m galaxy_importer.main "$tarball" 2>&1
) | tee "$work_dir/importer.log"
[ -s "$work_dir/importer_result.json" ] || fail "galaxy-importer wrote no importer_result.json"
if grep -E '^(ERROR|CRITICAL)' "$work_dir/importer.log"; then
    fail "galaxy-importer reported the errors above"
fi

step "build the changelog in a temporary copy of the repository"
# antsibull-changelog lists the plugins with ansible-doc, which finds the copy only
# under a path that ends in ansible_collections/NAMESPACE/NAME.
changelog_root=$work_dir/changelog-copy
changelog_copy=$changelog_root/ansible_collections/backupops/commvault
mkdir -p "$changelog_copy"
(cd "$repo_root" && git ls-files --cached --others --exclude-standard \
    | while IFS= read -r path; do [ -e "$path" ] && printf '%s\n' "$path"; done \
    | tar -T - -cf -) | tar -xf - -C "$changelog_copy"
(
    cd "$changelog_copy"
    ANSIBLE_COLLECTIONS_PATH=$changelog_root PATH=$venv_bin:$PATH \
        "$venv_bin/antsibull-changelog" release --version "$version"
)
[ -s "$changelog_copy/CHANGELOG.rst" ] || fail "antsibull-changelog wrote no CHANGELOG.rst"
grep -q "v$version" "$changelog_copy/CHANGELOG.rst" \
    || fail "CHANGELOG.rst has no section for version $version"

step "all release checks passed for $tarball"
