"""The assessment of partnerships: the core's classification run on the records and the coded
evidence, stored run by run, with the evaluator's confirmation or override of every label."""
