"""Planning: what-if scenarios, action plans, feasible caps, the road to a target."""
