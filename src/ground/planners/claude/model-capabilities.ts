/*
 * Which request options a model takes, from its id. Sending an option a model does not take is a
 * 400 error, so an option is sent only where the model is known to take it (Anthropic's effort and
 * adaptive-thinking pages list the models): effort on Claude Opus 4.5 and later, Sonnet 4.6 and
 * later and every 5-generation model; adaptive thinking on Opus and Sonnet 4.6 and later and every
 * 5-generation model; Mythos Preview takes both. An id this does not recognise (a gateway's alias, a
 * local stand-in) gets neither, and the planner says so.
 */

export interface ModelCapabilities {
  effort: boolean;
  adaptiveThinking: boolean;
}

const FAMILY_VERSION = /^claude-(opus|sonnet|haiku|mythos|fable)-(\d+)(?:-(\d{1,2}))?(?:-\d{8})?(?:-v\d+)?$/;

export function modelCapabilities(model: string): ModelCapabilities {
  const id = model.replace(/^(anthropic\.|us\.|eu\.)+/, '');
  if (id === 'claude-mythos-preview') return { effort: true, adaptiveThinking: true };
  const m = FAMILY_VERSION.exec(id);
  if (!m) return { effort: false, adaptiveThinking: false };
  const [, family, major, minor] = m;
  const version = Number(major) + Number(minor ?? 0) / 100;
  if (version >= 5) return { effort: true, adaptiveThinking: true };
  const from46 = (family === 'opus' || family === 'sonnet') && version >= 4.06;
  return { effort: from46 || (family === 'opus' && version >= 4.05), adaptiveThinking: from46 };
}
