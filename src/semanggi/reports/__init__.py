"""Reports generated from the records: the partnership report, the regional report and a
study's evaluation report, each as printable HTML, PDF and DOCX."""
