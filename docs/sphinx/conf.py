# Sphinx configuration of the rendered collection docs. tests/utils/build_docs.sh
# copies conf.py and index.rst into build/docs/src, adds the module pages that
# antsibull-docs generates and the Markdown guides of docs/, and builds HTML there.

from docutils import nodes

project = "backupops.commvault"
copyright = "backupops.commvault maintainers"

title = "backupops.commvault documentation"
html_short_title = "backupops.commvault"

# sphinx_antsibull_ext renders the roles and directives of antsibull-docs' RST output,
# and myst_parser reads the Markdown guides.
extensions = ["sphinx_antsibull_ext", "myst_parser"]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}

# The build must work offline, so there is no intersphinx_mapping. The few labels of
# the Ansible docsite that antsibull-docs' pages refer to are resolved to fixed URLs
# by resolve_ansible_label below instead.
nitpicky = True

# A code block in a language that Pygments does not know (such as cron) is shown
# as plain text. That is not worth failing the build for.
suppress_warnings = ["misc.highlighting_failure"]

# Anchors for headings, so a guide can link to a section of another guide.
myst_heading_anchors = 3

pygments_style = "ansible"
highlight_language = "YAML+Jinja"

html_theme = "sphinx_ansible_theme"
html_show_sphinx = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False
html_theme_options = {
    "collapse_navigation": False,
}


ANSIBLE_DOCSITE = "https://docs.ansible.com/projects/ansible/devel/"

# Labels of the Ansible docsite that the generated module pages refer to, and the
# page of the docsite that defines each one.
ANSIBLE_LABELS = {
    "common_return_values": "reference_appendices/common_return_values.html",
    "ansible_configuration_settings": "reference_appendices/config.html",
}


def resolve_ansible_label(app, env, node, contnode):
    """Turn a :ref: to a known Ansible docsite label into an external link."""
    if node.get("refdomain") != "std" or node.get("reftype") != "ref":
        return None

    page = ANSIBLE_LABELS.get(node.get("reftarget"))
    if page is None:
        return None

    reference = nodes.reference("", "", internal=False, refuri=ANSIBLE_DOCSITE + page)
    reference += contnode
    return reference


def setup(app):
    app.connect("missing-reference", resolve_ansible_label)
