import { useRoute } from '../../state/route.js';

/** Removes the map region from the filter (offered where a region is shown or refused as stale). */
export function ClearRegionButton() {
  return (
    <button
      type="button"
      className="link"
      data-testid="clear-region"
      onClick={() => {
        const { filter, navigate } = useRoute.getState();
        const { region: _, ...rest } = filter;
        navigate({ filter: rest });
      }}
    >
      clear the map region
    </button>
  );
}
