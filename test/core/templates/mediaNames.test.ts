import { describe, expect, it } from 'vitest';
import { isMultilineName, isSecretName, mediaKindFromFormat, mediaKindFromHints, mediaKindFromName, nameWords } from '../../../src/core/templates/mediaNames.ts';

describe('media kinds from names', () => {
  it('splits camelCase, snake_case and kebab-case names into words', () => {
    expect(nameWords('firstFrameImageURL')).toEqual(['first', 'frame', 'image', 'url']);
    expect(nameWords('image_urls')).toEqual(['image', 'urls']);
  });

  it('recognises media by the last word of a plain string field name', () => {
    expect(mediaKindFromName('image')).toBe('image');
    expect(mediaKindFromName('image_url')).toBe('image');
    expect(mediaKindFromName('startImageUrl')).toBe('image');
    expect(mediaKindFromName('video_url')).toBe('video');
    expect(mediaKindFromName('audioUrl')).toBe('audio');
    expect(mediaKindFromName('input_images')).toBe('image');
  });

  it('does not take prompts, ids, sizes or plain words for media', () => {
    for (const name of ['image_prompt', 'image_size', 'audioId', 'voiceId', 'prompt', 'url', 'generate_audio', 'video_duration']) {
      expect(mediaKindFromName(name), name).toBeUndefined();
    }
  });

  it('uses title and description when the schema already says the field is a URL', () => {
    expect(mediaKindFromHints('speaker', undefined, 'Original speaker audio (wav, mp3)')).toBe('audio');
    expect(mediaKindFromHints('src', 'Source', 'The video to upscale')).toBe('video');
    expect(mediaKindFromHints('src', undefined, 'a file')).toBeUndefined();
  });

  it('reads RunComfy media formats', () => {
    expect(mediaKindFromFormat('image_uri')).toBe('image');
    expect(mediaKindFromFormat('video_uris')).toBe('video');
    expect(mediaKindFromFormat('audio_uri')).toBe('audio');
    expect(mediaKindFromFormat('uri')).toBeUndefined();
  });

  it('gives prompt-like and long text a textarea', () => {
    expect(isMultilineName('negative_prompt')).toBe(true);
    expect(isMultilineName('lyrics')).toBe(true);
    expect(isMultilineName('seed_name')).toBe(false);
    expect(isMultilineName('anything', 2000)).toBe(true);
  });

  it('flags credential fields', () => {
    expect(isSecretName('apiKey')).toBe(true);
    expect(isSecretName('api_key')).toBe(true);
    expect(isSecretName('keyword')).toBe(false);
  });
});
