-- One row per grain state. Orleans' WriteToStorage inserts a grain's first state only WHERE NOT EXISTS, which two
-- concurrent transactions can both pass under READ COMMITTED (two activations of one grain in a split brain); the
-- table has no key to stop the second row. This unique index makes the second insert fail instead, so a grain state
-- never has two versions. A grain without a string key stores NULL there, hence the COALESCE.
CREATE UNIQUE INDEX orleansstorage_grain
    ON OrleansStorage (serviceid, graintypestring, grainidn0, grainidn1, (COALESCE(grainidextensionstring, '')));
