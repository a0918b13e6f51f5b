"""Small framework-free helpers shared by the project (environment parsing, formatting)."""
