"""Business rules and transactions: each public function is one use case."""
