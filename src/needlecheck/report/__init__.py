"""What a report says (``build``), the types of its parts (``views``) and the JSON
report, written and read back in one place (``json_report``)."""
