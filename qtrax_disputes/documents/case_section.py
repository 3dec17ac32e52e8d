"""The documents section of the case page: the case's papers, filtered by tag, and the upload."""

from __future__ import annotations

from flask import request

from ..cases.models import Case
from ..cases.sections import Section
from . import queries
from .forms import DeleteDocumentForm, UploadForm, VersionForm
from .models import TAGS


def documents_data(case: Case, role: str, given: dict) -> dict:
    doc_tag = request.args.get("doc_tag", "")[:20]
    return {
        "documents": queries.case_documents(
            case, doc_tag, include_deleted=True,
            include_privileged=queries.sees_privileged(role)),
        "doc_tag": doc_tag,
        "document_tags": TAGS,
        "upload_form": given.get("upload_form") or UploadForm(formdata=None),
        "upload_open": given.get("upload_open", False),
        # Classes: the template makes one form per document, each with its own prefix.
        "version_form": VersionForm,
        "delete_document_form": DeleteDocumentForm,
    }


DOCUMENTS = Section(name="documents", title="Documents", anchor="documents",
                    template="cases/_documents.html", slot="record", order=10,
                    data=documents_data, tab="documents")
