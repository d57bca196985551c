"""Read queries of the partnership pages, one module per page family: each builds a page's
querysets with their select_related/prefetch_related and annotations, so templates never query."""
