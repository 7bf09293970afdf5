-- One Phase-1 feasibility indicator as recorded on a date.
INSERT INTO feasibility_indicators (indicator_id, proposal_id, item_code, name, value, unit, status, evidence,
                                    recorded_on, source, synthetic)
VALUES ($indicator_id, $proposal_id, $item_code, $name, $value, $unit, $status, $evidence, $recorded_on, $source,
        $synthetic);
