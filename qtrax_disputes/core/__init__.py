"""What every layer shares and that needs neither Flask nor a database: the clock, money limits."""
