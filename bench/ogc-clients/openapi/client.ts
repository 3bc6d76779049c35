// A typed client over the generated types: if openapi-typescript's output did not describe the API as it is
// (paths, parameters, bodies, responses, the Error schema), these calls would not compile.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/greencover";

type Schemas = components["schemas"];

const api = createClient<paths>({ baseUrl: "http://localhost:8080" });

export async function latestGreenFraction(site: string): Promise<number | null> {
  const { data, error } = await api.GET("/api/v1/sites/{id}/timeseries", {
    params: { path: { id: site }, query: { index: "ndvi", composite: "annual-median", mode: "exact", format: "json" } },
  });
  if (error) {
    const e: Schemas["Error"] = error;
    throw new Error(`${e.status} ${e.error}: ${e.detail}${e.field ? " (" + e.field + ")" : ""}`);
  }
  if (typeof data === "string") throw new Error("asked for JSON, got CSV"); // the route also answers text/csv
  const points: Schemas["SeriesPoint"][] = data.points;
  const slope: number | null = data.trend.slopePerYear;
  void slope;
  return points.length === 0 ? null : (points[points.length - 1].greenFraction ?? null);
}

export async function addSite(token: string): Promise<string> {
  const { data, error } = await api.POST("/api/v1/sites", {
    headers: { Authorization: `Bearer ${token}` },
    body: {
      type: "Feature",
      id: "zijinshan-dump",
      properties: { name: "Zijinshan waste dump" },
      geometry: { type: "Polygon", coordinates: [[[116.392, 25.182], [116.398, 25.182], [116.398, 25.187], [116.392, 25.182]]] },
    },
  });
  if (error) throw new Error(error.detail);
  return "features" in data ? data.features[0].id : data.id;
}

export async function adHoc(): Promise<Schemas["SceneStatistics"][]> {
  const { data, error } = await api.POST("/api/v1/statistics", {
    body: { geometry: { type: "Polygon", coordinates: [] }, index: "ndvi", threshold: 0.3 },
  });
  if (error) throw new Error(error.error);
  return data.results;
}

export async function sceneIds(site: string): Promise<string[]> {
  const { data } = await api.GET("/api/v1/scenes", { params: { query: { site, from: "2020-01-01" } } });
  return (data?.scenes ?? []).map((s: Schemas["Scene"]) => s.id);
}

export async function tileJsonCenter(layer: string): Promise<number[] | undefined> {
  const { data } = await api.GET("/tiles/{layer}/tilejson.json", { params: { path: { layer } } });
  return data?.center;
}

export async function healthy(): Promise<boolean> {
  const { data } = await api.GET("/health");
  return data?.status === "ok";
}
