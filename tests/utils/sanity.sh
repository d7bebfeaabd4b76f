#!/usr/bin/env bash
# Run `ansible-test sanity` on a copy of the collection, without internet access.
#
# ansible-test must run from a path that ends in ansible_collections/NAMESPACE/NAME,
# so the files that git tracks or does not ignore are copied to such a path first. The
# copy lives outside this repository, because inside it ansible-test would list files
# with git, which ignores build directories, and find nothing to test. Extra arguments go to
# ansible-test, for example: tests/utils/sanity.sh --test validate-modules
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
venv_bin=${VENV_BIN:-$repo_root/.venv/bin}
python_version=$("$venv_bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
work_dir=$(mktemp -d "${TMPDIR:-/tmp}/backupops-sanity.XXXXXX")
trap 'rm -rf "$work_dir"' EXIT
collection_copy=$work_dir/ansible_collections/backupops/commvault

# ansible-test looks for its pip bootstrap script in this cache before it tries to
# download one. The file name carries the pip version that ansible-test pins.
ansible_test_dir=$("$venv_bin/python" -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')
pip_version=$(sed -n "s/^ *pip='\([0-9.]*\)',$/\1/p" "$ansible_test_dir/_internal/python_requirements.py")
if [ -z "$pip_version" ]; then
    echo "sanity.sh: cannot find the pip version that ansible-test pins" >&2
    exit 1
fi
cache_file=$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py
mkdir -p "$(dirname "$cache_file")"
cp "$repo_root/tests/utils/ansible_test_pip_bootstrap.py" "$cache_file"

mkdir -p "$collection_copy"
# Deleted files are still listed by git until the deletion is committed; skip them.
(cd "$repo_root" && git ls-files --cached --others --exclude-standard \
    | while IFS= read -r path; do [ -e "$path" ] && printf '%s\n' "$path"; done \
    | tar -T - -cf -) | tar -xf - -C "$collection_copy"

cd "$collection_copy"
PATH=$venv_bin:$PATH "$venv_bin/ansible-test" sanity --local --python "$python_version" \
    --requirements --color no "$@"
