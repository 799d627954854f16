"""Background jobs on huey: stored status and progress that pages poll."""
