"""needlecheck: a self-screening questionnaire for people with sciatica-type pain who
wonder whether dry needling might help. It screens; it never diagnoses."""

__version__ = "1.0.0"
