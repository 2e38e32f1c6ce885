"""Keys agree or nothing starts (issue 15): the fingerprints of this installation's keys, kept in
the database by the first node, checked by every node before it serves or runs jobs."""
