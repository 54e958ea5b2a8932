-- The user who made the change (null when no login is required); on a todo, who changed it last.
ALTER TABLE todo ADD COLUMN author VARCHAR(255);
ALTER TABLE change_log ADD COLUMN author VARCHAR(255);
