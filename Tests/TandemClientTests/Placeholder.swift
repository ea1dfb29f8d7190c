// Placeholder while the module is written (session 2).
