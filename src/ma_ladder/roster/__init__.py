"""An employer's roster: importing it from spreadsheets, storing it, and exporting what the engine says about it."""
