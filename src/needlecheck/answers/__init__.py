"""Answers files in: JSON or TOML (``files``) and FHIR QuestionnaireResponses
(``fhir``), checked by the same rules as the interview."""
