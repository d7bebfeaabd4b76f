#!/usr/bin/env bash
# Lint the collection docs and render them to HTML in build/docs/html, offline.
#
# antsibull-docs first lints the module and role docs, then writes their RST pages,
# using the collection found through build/collections (a link to this repository).
# Sphinx builds those pages together with the Markdown guides of docs/ and the site
# layout of docs/sphinx/, and any warning fails the build. The script installs
# nothing: it needs requirements-dev.txt and docs/sphinx/requirements.txt in the
# virtual environment VENV_BIN (default .venv/bin).
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
venv_bin=${VENV_BIN:-$repo_root/.venv/bin}
collections_dir=$repo_root/build/collections
docs_build=$repo_root/build/docs
source_dir=$docs_build/src
html_dir=$docs_build/html

if [ ! -e "$collections_dir/ansible_collections/backupops/commvault/galaxy.yml" ]; then
    echo "build_docs.sh: $collections_dir/ansible_collections/backupops/commvault is missing;" \
        "run 'make build/collections/ansible_collections/backupops/commvault'" >&2
    exit 1
fi

if ! "$venv_bin/python" -c 'import myst_parser, sphinx_ansible_theme' 2>/dev/null; then
    echo "build_docs.sh: myst-parser or sphinx-ansible-theme is missing in $venv_bin;" \
        "install docs/sphinx/requirements.txt into that virtual environment" >&2
    exit 1
fi

export PATH=$venv_bin:$PATH
export ANSIBLE_COLLECTIONS_PATH=$collections_dir

# The linter must run from a path that ends in ansible_collections/NAMESPACE/NAME.
(
    cd "$collections_dir/ansible_collections/backupops/commvault"
    antsibull-docs lint-collection-docs \
        --plugin-docs \
        --validate-collection-refs all \
        --disallow-unknown-collection-refs \
        --check-extra-docs-refs \
        .
)

rm -rf "$docs_build"
mkdir -p "$source_dir/guides"
cp "$repo_root/docs/sphinx/conf.py" "$repo_root/docs/sphinx/index.rst" "$source_dir/"
cp "$repo_root"/docs/*.md "$source_dir/guides/"

# antsibull-docs rejects an output directory that others can write to.
mkdir -p "$source_dir/collections"
chmod og-w "$source_dir/collections"
antsibull-docs collection \
    --use-current \
    --fail-on-error \
    --no-add-antsibull-docs-version \
    --dest-dir "$source_dir" \
    backupops.commvault

sphinx-build -b html -W --keep-going -q \
    -d "$docs_build/doctrees" "$source_dir" "$html_dir"

for page in index guides/index \
    collections/backupops/commvault/index \
    collections/backupops/commvault/oracle_rac_backup_module \
    collections/backupops/commvault/job_info_module; do
    if [ ! -s "$html_dir/$page.html" ]; then
        echo "build_docs.sh: $html_dir/$page.html was not written" >&2
        exit 1
    fi
done

echo "build_docs.sh: HTML docs written to $html_dir/index.html"
