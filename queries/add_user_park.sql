-- A park an editor account may write to.
INSERT INTO user_parks VALUES ($name, $park);
