import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { ApiClient } from '../../api';
import { type SearchPage, searchPaths } from './model';

const METRES_PER_MILE = 1609.344;
const BADGE_COLOURS: Record<string, string> = {
  fresh: '#007f3b',
  recent: '#ffb81c',
  stale: '#d5281b',
  never: '#768692',
};

let boundaries: Promise<unknown> | undefined;

/** The LA boundary layer is ~0.7 MB and changes yearly: fetched once per page load. */
function loadBoundaries(api: ApiClient): Promise<unknown> {
  boundaries ??= api.get<unknown>(searchPaths.boundaries).catch(() => {
    boundaries = undefined;
    return undefined;
  });
  return boundaries;
}

/**
 * The results on a map: supplementary to the list, which holds the same facts and is the view to use
 * with a keyboard or screen reader. Local authority boundaries are the base layer (there is no tile
 * server); each result is a dot coloured by how fresh its figures are, and selecting one moves to it
 * in the list. The map itself is one image to assistive technology and holds nothing focusable.
 */
export function ResultsMap({ api, page }: { api: ApiClient; page: SearchPage }) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | undefined>(undefined);
  const layerRef = useRef<L.LayerGroup | undefined>(undefined);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const map = L.map(element, {
      zoomControl: false,
      attributionControl: false,
      keyboard: false,
      preferCanvas: false,
      zoomSnap: 0.25,
    }).setView([52.8, -1.5], 6);
    mapRef.current = map;
    layerRef.current = L.layerGroup().addTo(map);
    let cancelled = false;
    loadBoundaries(api).then((data) => {
      if (cancelled || !data) return;
      const layer = L.geoJSON(data as GeoJSON.GeoJsonObject, {
        interactive: false,
        style: { color: '#768692', weight: 1, fillColor: '#f0f4f5', fillOpacity: 1 },
      }).addTo(map);
      layer.bringToBack();
    });
    return () => {
      cancelled = true;
      map.remove();
      mapRef.current = undefined;
    };
  }, [api]);

  useEffect(() => {
    const map = mapRef.current;
    const layer = layerRef.current;
    if (!map || !layer) return;
    layer.clearLayers();
    const points: L.LatLngExpression[] = [];
    const from = page.searchedFrom;
    if (from.kind === 'postcode') {
      const circle = L.circle([from.lat, from.lon], {
        radius: from.radiusMiles * METRES_PER_MILE,
        interactive: false,
        color: '#005eb8',
        weight: 2,
        fill: false,
      }).addTo(layer);
      points.push(circle.getBounds().getNorthEast(), circle.getBounds().getSouthWest());
    }
    for (const result of page.results) {
      if (!result.location) continue;
      const at: L.LatLngExpression = [result.location.lat, result.location.lon];
      points.push(at);
      L.circleMarker(at, {
        radius: 7,
        weight: 2,
        color: '#212b32',
        fillColor: BADGE_COLOURS[result.freshness.badge] ?? '#768692',
        fillOpacity: 0.9,
      })
        .bindTooltip(result.name)
        .on('click', () => {
          const item = document.getElementById(`result-${result.locationId}`);
          item?.scrollIntoView({ block: 'center' });
          item?.focus({ preventScroll: true });
        })
        .addTo(layer);
    }
    if (points.length > 0) map.fitBounds(L.latLngBounds(points), { padding: [16, 16], maxZoom: 13 });
  }, [page]);

  const count = page.results.filter((r) => r.location).length;
  return (
    <div className="cct-map">
      <div
        ref={container}
        className="cct-map__canvas"
        role="img"
        aria-label={`Map of the ${count} care homes on this page of results. The list has the same homes.`}
      />
      <div className="nhsuk-button-group cct-map__controls">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          onClick={() => mapRef.current?.zoomIn()}
        >
          Zoom in
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          onClick={() => mapRef.current?.zoomOut()}
        >
          Zoom out
        </button>
      </div>
      <p className="nhsuk-body-s cct-map__key">
        Dots are coloured by when the home last updated: green in the last 24 hours, yellow in the last 48
        hours, red longer ago, grey never. Boundaries: ONS Open Geography, Open Government Licence v3.0;
        contains OS data © Crown copyright and database right.
      </p>
    </div>
  );
}
