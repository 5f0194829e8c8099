package store

// For the external tests: the pieces of the statements that look River
// jobs up by their arguments, so a test explains the very SQL the store runs.
var (
	KindIn   = kindIn
	Unsent   = unsent
	ArgField = (*DB).argField
)
