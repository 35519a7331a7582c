"""Whole-file refusals: the French message a school user reads for each way a file can be unusable.

Per-pupil problems are in :mod:`pixorga_siecle_import.validation`; these stop the reading.
"""

from __future__ import annotations

from pixorga_core.domain.imports import ImportIssue

__all__ = ["FileRefused", "refusal"]

_DOWNLOAD_AGAIN = (
    " Téléchargez à nouveau l'export depuis SIECLE (Exportations > En XML > Élèves sans adresses)"
    " et importez le fichier .zip tel quel."
)

MESSAGES: dict[str, str] = {
    "EMPTY": "Le fichier « {name} » est vide.",
    "NOT_XML": "Le fichier « {name} » n'est pas un fichier XML." + _DOWNLOAD_AGAIN,
    "NOT_SIECLE": (
        "Le fichier « {name} » n'est pas l'export des élèves de SIECLE (il commence par "
        "« {root} » au lieu de « BEE_ELEVES »)." + _DOWNLOAD_AGAIN
    ),
    "DOCTYPE": (
        "Le fichier « {name} » contient une déclaration DOCTYPE, ce qu'un export SIECLE ne "
        "contient jamais : il est refusé par sécurité." + _DOWNLOAD_AGAIN
    ),
    "MALFORMED": (
        "Le fichier « {name} » est incomplet ou abîmé (ligne {line}) : il ne peut pas être lu."
        + _DOWNLOAD_AGAIN
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
        "Le fichier « {name} » contient des caractères qui ne correspondent pas à son encodage "
        "(ligne {line}) : il a sans doute été modifié puis enregistré avec un autre logiciel."
        + _DOWNLOAD_AGAIN
    ),
    "UAI_MISMATCHED": (
        "Ce fichier est l'export de l'établissement {found}, pas de {expected} ({school}). "
        "Vérifiez que vous importez le fichier de votre établissement."
    ),
    "UAI_MISSING": (
        "Le fichier « {name} » n'indique pas l'UAI de l'établissement (balise UAJ) : impossible "
        "de vérifier qu'il s'agit de votre établissement." + _DOWNLOAD_AGAIN
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
    "CSV_MALFORMED": "Le fichier « {name} » n'est pas un CSV valide ({detail}).",
}

#: The issue code each refusal is reported with (pix-rules §3.3 front codes).
CODES: dict[str, str] = {
    "EMPTY": "EMPTY",
    "NO_PUPIL": "EMPTY",
    "NO_PUPIL_KEPT": "EMPTY",
    "TOO_LARGE": "PAYLOAD_TOO_LARGE",
    "ENCODING_UNKNOWN": "ENCODING_NOT_SUPPORTED",
    "ENCODING_WRONG": "ENCODING_NOT_SUPPORTED",
    "UAI_MISMATCHED": "UAI_MISMATCHED",
    "UAI_MISSING": "UAI_MISMATCHED",
    "NO_DIVISION": "DIVISION_REQUIRED",
    "CSV_ENCODING": "ENCODING_NOT_SUPPORTED",
    "CSV_DELIMITER": "BAD_CSV_FORMAT",
    "CSV_MALFORMED": "BAD_CSV_FORMAT",
}


def refusal(reason: str, **values: object) -> ImportIssue:
    """The issue for one whole-file refusal ``reason`` (a key of ``MESSAGES``)."""
    return ImportIssue(
        code=CODES.get(reason, "INVALID_FILE"), message=MESSAGES[reason].format(**values)
    )


class FileRefused(Exception):
    """Raised inside the reader to stop at a whole-file problem; carries the issue."""

    def __init__(self, issue: ImportIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue
