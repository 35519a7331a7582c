"""Whole-file refusals: the French message a school user reads for each way a file can be unusable.

Per-pupil problems are in :mod:`pixorga_siecle_import.validation`; these stop the reading.
"""

from __future__ import annotations

from pixorga_core.domain.imports import ImportIssue, IssueScope

__all__ = ["FileRefused", "refusal"]

_DOWNLOAD_AGAIN = (
    " Téléchargez à nouveau l'export depuis SIECLE (Exportations > En XML > Élèves sans adresses)"
    " et importez le fichier .zip tel quel."
)

MESSAGES: dict[str, str] = {
    "EMPTY": "Le fichier « {name} » est vide.",
    "NOT_XML": "Le fichier « {name} » n'est pas un fichier XML." + _DOWNLOAD_AGAIN,
    "NOT_SIECLE": (
        "Le fichier « {name} » n'est pas l'export des élèves de SIECLE ({what})." + _DOWNLOAD_AGAIN
    ),
    "DOCTYPE": (
        "Le fichier « {name} » contient une déclaration qu'un export SIECLE ne contient jamais : "
        "il est refusé par sécurité." + _DOWNLOAD_AGAIN
    ),
    "MALFORMED": (
        "Le fichier « {name} » est incomplet ou abîmé : il ne peut pas être lu." + _DOWNLOAD_AGAIN
    ),
    "BAD_ZIP": "L'archive « {name} » est abîmée ou protégée par un mot de passe." + _DOWNLOAD_AGAIN,
    "OFFICE_FILE": (
        "Le fichier « {name} » est un classeur ou un document bureautique, pas un export SIECLE. "
        "Pour un fichier CSV, enregistrez le classeur au format « CSV (séparateur : "
        "point-virgule) » ; sinon importez l'export SIECLE (.zip) tel que téléchargé."
    ),
    "ZIP_NO_XML": "L'archive « {name} » ne contient aucun fichier XML." + _DOWNLOAD_AGAIN,
    "ZIP_SEVERAL_XML": (
        "L'archive « {name} » contient plusieurs fichiers XML ({members}) : elle doit n'en "
        "contenir qu'un." + _DOWNLOAD_AGAIN
    ),
    "ZIP_RATIO": (
        "L'archive « {name} » est anormalement compressée (plus de {ratio} fois) : elle est "
        "refusée par sécurité." + _DOWNLOAD_AGAIN
    ),
    "TOO_LARGE": (
        "Le fichier « {name} » dépasse la taille maximale acceptée ({limit} Mo une fois "
        "décompressé)."
    ),
    "ENCODING_UNKNOWN": (
        "L'encodage « {encoding} » annoncé par le fichier « {name} » n'est pas pris en charge."
        + _DOWNLOAD_AGAIN
    ),
    "ENCODING_WRONG": (
        "Le fichier « {name} » contient des caractères qui ne correspondent pas à son encodage : "
        "il a sans doute été modifié puis enregistré avec un autre logiciel." + _DOWNLOAD_AGAIN
    ),
    "ENCODING_GARBLED": (
        "Le fichier « {name} » a été enregistré dans un mauvais encodage : des noms y sont "
        "déformés (par exemple « {example} »). Cela arrive quand l'export est ouvert puis "
        "enregistré avec un autre logiciel (tableur, éditeur de texte). Il n'est pas importé, "
        "pour que ces noms déformés n'arrivent pas dans les identifiants des élèves."
        + _DOWNLOAD_AGAIN
    ),
    "CSV_GARBLED": (
        "Le fichier « {name} » a été enregistré dans un mauvais encodage : des noms y sont "
        "déformés (par exemple « {example} »). Il n'est pas importé, pour que ces noms déformés "
        "n'arrivent pas dans les identifiants des élèves. Ouvrez le fichier d'origine dans votre "
        "tableur et enregistrez-le de nouveau avec « Enregistrer sous » au format « CSV UTF-8 "
        "(délimité par des points-virgules) » (dans LibreOffice : « Texte CSV », jeu de "
        "caractères « Unicode (UTF-8) », séparateur « ; »), puis importez-le."
    ),
    "UAI_MISMATCHED": (
        "Ce fichier est l'export de l'établissement {found}, pas de {expected} ({school}). "
        "Vérifiez que vous importez le fichier de votre établissement."
    ),
    "UAI_MISSING": (
        "Le fichier « {name} » n'indique pas l'UAI de l'établissement : impossible de vérifier "
        "qu'il s'agit de votre établissement." + _DOWNLOAD_AGAIN
    ),
    "NO_PUPIL": "Le fichier « {name} » ne contient aucun élève.",
    "NO_PUPIL_KEPT": (
        "Le fichier « {name} » ne contient aucun élève scolarisé avec un INE : l'import "
        "désactiverait tous vos élèves. Il est refusé."
    ),
    "NO_DIVISION": (
        "Aucun élève du fichier « {name} » n'est rattaché à une classe : la répartition des "
        "élèves dans les classes n'a sans doute pas encore été faite dans SIECLE. Réessayez "
        "quand elle le sera."
    ),
    "CSV_ENCODING": (
        "Le fichier « {name} » n'est pas encodé en UTF-8, Windows-1252 ni Mac Roman, ou sa "
        "première ligne ne contient pas la colonne « Premier prénom* » : partez du modèle de "
        "fichier."
    ),
    "CSV_DELIMITER": (
        "Les colonnes du fichier « {name} » ne sont pas séparées par des points-virgules (« ; ») : "
        "enregistrez-le au format « CSV (séparateur : point-virgule) »."
    ),
    "CSV_MALFORMED": (
        "Le fichier « {name} » n'est pas un CSV valide : vérifiez les guillemets (« \" ») des "
        "cellules vers la ligne {line}, ou partez du modèle de fichier."
    ),
}

#: The issue code each refusal is reported with (pix-rules §3.3 front codes).
CODES: dict[str, str] = {
    "EMPTY": "EMPTY",
    "NO_PUPIL": "EMPTY",
    "NO_PUPIL_KEPT": "EMPTY",
    "TOO_LARGE": "PAYLOAD_TOO_LARGE",
    "ENCODING_UNKNOWN": "ENCODING_NOT_SUPPORTED",
    "ENCODING_WRONG": "ENCODING_NOT_SUPPORTED",
    "ENCODING_GARBLED": "ENCODING_NOT_SUPPORTED",
    "CSV_GARBLED": "ENCODING_NOT_SUPPORTED",
    "UAI_MISMATCHED": "UAI_MISMATCHED",
    "UAI_MISSING": "UAI_MISMATCHED",
    "NO_DIVISION": "DIVISION_REQUIRED",
    "CSV_ENCODING": "ENCODING_NOT_SUPPORTED",
    "CSV_DELIMITER": "BAD_CSV_FORMAT",
    "CSV_MALFORMED": "BAD_CSV_FORMAT",
}


#: What a file of another SIECLE export is, by its root element.
OTHER_EXPORTS = {
    "BEE_RESPONSABLES": "c'est l'export des responsables",
    "BEE_NOMENCLATURES": "c'est l'export des nomenclatures",
    "BEE_STRUCTURES": "c'est l'export des structures",
}
OTHER_XML = "c'est un autre fichier XML"


def refusal(
    reason: str, *, line: int | None = None, field: str | None = None, **values: object
) -> ImportIssue:
    """The issue for one whole-file refusal ``reason`` (a key of ``MESSAGES``).

    ``line`` and ``field`` (the XML line, the root element…) are for support only: never in the
    message a school reads.
    """
    return ImportIssue(
        code=CODES.get(reason, "INVALID_FILE"),
        message=MESSAGES[reason].format(line=line, **values),
        line=line,
        field=field,
        scope=IssueScope.FILE,
    )


class FileRefused(Exception):
    """Raised inside the reader to stop at a whole-file problem; carries the issue."""

    def __init__(self, issue: ImportIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue
