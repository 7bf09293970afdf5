-- The record of a demo simulation: its seed and parameters, so the demo data can be remade.
INSERT INTO simulation_runs (run_id, seed, parameters, source, synthetic) VALUES ($run_id, $seed, $parameters, $source, true);
